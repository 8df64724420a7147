export { IncidentsApiClient } from './IncidentsApiClient';
export type {
  IncidentId,
  IncidentsApiClientOptions,
  IncidentsRequestOptions,
} from './IncidentsApiClient';
export { IncidentsApiError } from './IncidentsApiError';
export type {
  CreateIncidentEventRequest,
  CreateIncidentEventResponse,
  CreateIncidentRequest,
  IncidentDurationStats,
  IncidentMessage,
  IncidentStats,
  ListIncidentsRequest,
  ListIncidentsResponse,
  UpdateIncidentRequest,
} from './types';
