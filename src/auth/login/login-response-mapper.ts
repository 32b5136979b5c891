import { LoginResponseDto } from '../dto/login-response.dto';
import { LoginResult } from './login.service';

/** Whitelists the login answer: store fields only for store accounts, table fields only for tables. */
export function toLoginResponse(result: LoginResult): LoginResponseDto {
  const response: LoginResponseDto = {
    access_token: result.access_token,
    token_type: result.token_type,
    expires_in: result.expires_in,
    role: result.role,
  };
  if (result.store_id) response.store_id = result.store_id;
  if (result.role === 'table') {
    response.table_id = result.table_id;
    response.table_number = result.table_number;
  }
  return response;
}
