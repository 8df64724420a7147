// What the forms of incidents and action items offer and accept.

/** Catalog kinds an incident can affect. */
export const AFFECTED_KINDS = ['Component', 'Resource', 'System', 'API'];
/** Catalog kinds a commander can be. */
export const USER_KINDS = ['User'];
/** The longest title the API takes. */
export const TITLE_MAX = 200;
