import userEvent from '@testing-library/user-event';

/**
 * Puts text into a field as a paste: typing key by key into Material UI
 * fields takes seconds in jsdom, and the tests are not about keystrokes.
 */
export async function enterText(field: HTMLElement, text: string) {
  await userEvent.click(field);
  await userEvent.paste(text);
}
