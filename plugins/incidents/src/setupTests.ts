import '@testing-library/jest-dom';

// jsdom does not lay out, and has no ResizeObserver; recharts'
// ResponsiveContainer needs one to exist (it then renders at zero size).
if (!('ResizeObserver' in globalThis)) {
  (globalThis as any).ResizeObserver = class ResizeObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
