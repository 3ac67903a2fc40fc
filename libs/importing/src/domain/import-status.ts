export const IMPORT_STATUSES = ['pending', 'staging', 'staged', 'processing', 'completed', 'completed_with_errors', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
