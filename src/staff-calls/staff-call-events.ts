import { StaffCallResponseDto } from './dto/staff-call.dto';

/**
 * `data` of staff_call.created and staff_call.acknowledged: the call as the admin routes
 * answer it (its table_id routes the acknowledgement to that table's tablet).
 */
export type StaffCallEventData = StaffCallResponseDto;
