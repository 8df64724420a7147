import { HttpResponse } from 'msw';

/* What every fake backend of these tests shares. */

export const BACKEND_URL = 'http://backend.test';
export const INCIDENTS_URL = `${BACKEND_URL}/api/incidents`;
export const NOW = Date.parse('2026-03-10T12:00:00.000Z');

/** A request the fake backend received. */
export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: any;
}

/** An error body as the Backstage backend's error handler writes it. */
export function errorResponse(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}
