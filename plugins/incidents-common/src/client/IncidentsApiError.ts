/**
 * A failed call to the incidents API: the HTTP status, and the error name and
 * message the server sent (`{ error: { name, message } }`).
 *
 * @public
 */
export class IncidentsApiError extends Error {
  /** HTTP status code, for example 412 when the incident changed meanwhile. */
  readonly status: number;
  readonly statusText: string;
  /** The parsed error body, when the server sent JSON. */
  readonly body: unknown;

  /**
   * Reads the body of a failed response. The error's `name` is the server's
   * (for example `NotFoundError`), or `IncidentsApiError` when it sent none.
   */
  static async fromResponse(response: Response): Promise<IncidentsApiError> {
    const text = await response.text().catch(() => '');
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const serverError = (
      body as { error?: { name?: unknown; message?: unknown } }
    )?.error;
    const name =
      typeof serverError?.name === 'string' ? serverError.name : undefined;
    const message =
      typeof serverError?.message === 'string'
        ? serverError.message
        : `Request failed with ${response.status} ${response.statusText}`.trim();
    return new IncidentsApiError({
      status: response.status,
      statusText: response.statusText,
      name,
      message,
      body,
    });
  }

  constructor(options: {
    status: number;
    statusText?: string;
    name?: string;
    message: string;
    body?: unknown;
  }) {
    super(options.message);
    this.name = options.name ?? 'IncidentsApiError';
    this.status = options.status;
    this.statusText = options.statusText ?? '';
    this.body = options.body;
  }
}
