import { SetMetadata } from '@nestjs/common';
import { Role } from '../../common/http/principal';

export const ROLES_KEY = 'roles';

/** Restricts a controller or route to the given roles (any authenticated caller when absent). */
export const Roles = (...roles: Role[]): ClassDecorator & MethodDecorator =>
  SetMetadata(ROLES_KEY, roles);
