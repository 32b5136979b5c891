import { optionGroupProblems } from './option-group.rules';

const option = (name: string, id?: number) => ({ name, ...(id === undefined ? {} : { id }) });

describe('optionGroupProblems', () => {
  it('accepts the example groups', () => {
    expect(
      optionGroupProblems([
        {
          name: '맵기',
          min_select: 1,
          max_select: 1,
          options: [option('순한맛'), option('보통'), option('매운맛')],
        },
        { name: '추가', min_select: 0, max_select: 2, options: [option('치즈'), option('계란')] },
      ]),
    ).toEqual([]);
  });

  it.each([
    [
      'min > max',
      { name: 'g', min_select: 2, max_select: 1, options: [option('a'), option('b')] },
      'groups.0.min_select',
    ],
    [
      'max > option count',
      { name: 'g', max_select: 3, options: [option('a'), option('b')] },
      'groups.0.max_select',
    ],
    [
      'a name twice in a group',
      { name: 'g', max_select: 1, options: [option('a'), option('a')] },
      'groups.0.options.1.name',
    ],
    [
      'an option id twice',
      { name: 'g', max_select: 1, options: [option('a', 7), option('b', 7)] },
      'groups.0.options.1.id',
    ],
  ])('names the field for %s', (_rule, group, field) => {
    expect(optionGroupProblems([group]).map((problem) => problem.field)).toEqual([field]);
  });

  it('refuses a group id sent twice, and lets two groups share option names', () => {
    const group = { id: 3, name: 'g', max_select: 1, options: [option('a')] };
    expect(optionGroupProblems([group, group]).map((p) => p.field)).toEqual(['groups.1.id']);
    expect(
      optionGroupProblems([
        { name: 'x', max_select: 1, options: [option('a')] },
        { name: 'y', max_select: 1, options: [option('a')] },
      ]),
    ).toEqual([]);
  });
});
