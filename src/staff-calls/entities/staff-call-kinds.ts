/** What a guest can ask for from the tablet (docs/decisions.md, 'Staff calls'). */
export const STAFF_CALL_TYPES = ['water', 'utensils', 'bill', 'staff', 'other'] as const;
export type StaffCallType = (typeof STAFF_CALL_TYPES)[number];

/** A call is open until an admin acknowledges it (or the table's session ends). */
export const STAFF_CALL_STATUSES = ['open', 'acknowledged'] as const;
export type StaffCallStatus = (typeof STAFF_CALL_STATUSES)[number];
