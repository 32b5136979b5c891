import { Injectable, PipeTransform } from '@nestjs/common';
import { AppException } from '../common/errors/app.exception';
import { createValidationPipe } from '../common/http/validation.pipe';
import { OptionGroupInputDto, ReplaceOptionGroupsDto } from './dto/option-group.dto';

/**
 * The PUT option-groups body is a bare JSON array (the whole set), which the global pipe does not
 * validate; it is checked here as `groups` of a wrapper DTO, so the details name fields the
 * usual way (`groups.0.options.1.price_delta`).
 */
@Injectable()
export class OptionGroupsBodyPipe implements PipeTransform<
  unknown,
  Promise<OptionGroupInputDto[]>
> {
  private readonly validation = createValidationPipe();

  async transform(value: unknown): Promise<OptionGroupInputDto[]> {
    if (!Array.isArray(value)) {
      throw AppException.validationFailed([
        { field: 'groups', message: 'the body must be a JSON array of option groups' },
      ]);
    }
    const wrapper = (await this.validation.transform(
      { groups: value },
      { type: 'body', metatype: ReplaceOptionGroupsDto },
    )) as ReplaceOptionGroupsDto;
    return wrapper.groups;
  }
}
