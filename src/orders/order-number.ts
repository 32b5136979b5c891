/**
 * `YYYYMMDD-NNNN`: the store-local business day and that day's sequence, zero-padded to four
 * digits (a 10,000th order of a day gets five).
 */
export function formatOrderNumber(businessDay: string, sequence: number): string {
  return `${businessDay}-${String(sequence).padStart(4, '0')}`;
}
