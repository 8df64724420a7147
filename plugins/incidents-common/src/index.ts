/**
 * Types, severities and shared logic of the Bomizzel incidents plugin suite.
 *
 * @packageDocumentation
 */

export * from './severities';
export * from './types';
export * from './permissions';
export * from './client';
export * from './runbooks';
export * from './links';
export * from './escalation';
export * from './postmortems';
export * from './alerts';
export * from './statuspage';
export * from './formatDuration';
