// Checks of what callers hand the store, and numbers from columns, shared by its queries.

/** The most rows one page of a listing may ask for. */
export const MAX_PAGE_SIZE = 1000;

export function checkTime(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`"${name}" expected milliseconds since the epoch, got ${String(value)}`);
  }
}

export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new RangeError(`"limit" expected integer from 1 to ${MAX_PAGE_SIZE}, got ${String(limit)}`);
  }
}

/** A nullable aggregate or bigint column as a number (PostgreSQL may hand back strings). */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function toNullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : toNumber(value);
}
