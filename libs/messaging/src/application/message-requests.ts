/** The import type a message request runs as: registered by this context with the importing engine. */
export const MESSAGES_IMPORT_TYPE = 'messages';
