import { ErrorDetail } from '../common/errors/app.exception';

interface GroupShape {
  id?: number;
  name: string;
  min_select?: number;
  max_select: number;
  options: { id?: number; name: string }[];
}

/**
 * What makes a set of option groups malformed beyond each field's own bounds (see
 * docs/decisions.md, 'Menu options':
 * `0 ≤ min_select ≤ max_select ≤ options`, option names unique in their group, and an id sent
 * at most once). One detail per problem, its field in the PUT body's terms (`groups.0.max_select`).
 */
export function optionGroupProblems(groups: readonly GroupShape[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const seenGroupIds = new Set<number>();
  const seenOptionIds = new Set<number>();
  groups.forEach((group, g) => {
    const at = `groups.${g}`;
    const min = group.min_select ?? 0;
    if (group.id !== undefined) {
      if (seenGroupIds.has(group.id)) {
        problems.push({ field: `${at}.id`, message: `group ${group.id} is sent twice` });
      }
      seenGroupIds.add(group.id);
    }
    if (min > group.max_select) {
      problems.push({
        field: `${at}.min_select`,
        message: `min_select (${min}) must not exceed max_select (${group.max_select})`,
      });
    }
    if (group.max_select > group.options.length) {
      problems.push({
        field: `${at}.max_select`,
        message: `max_select (${group.max_select}) must not exceed the number of options (${group.options.length})`,
      });
    }
    const names = new Set<string>();
    group.options.forEach((option, o) => {
      if (names.has(option.name)) {
        problems.push({
          field: `${at}.options.${o}.name`,
          message: `option name "${option.name}" appears twice in group "${group.name}"`,
        });
      }
      names.add(option.name);
      if (option.id !== undefined) {
        if (seenOptionIds.has(option.id)) {
          problems.push({
            field: `${at}.options.${o}.id`,
            message: `option ${option.id} is sent twice`,
          });
        }
        seenOptionIds.add(option.id);
      }
    });
  });
  return problems;
}
