import { jsonStructureViolation } from './json-structure';

const limits = { maxDepth: 3, maxKeysPerObject: 2, maxArrayLength: 3, maxTotalEntries: 8 };

describe('jsonStructureViolation', () => {
  it('accepts bodies within every bound', () => {
    expect(jsonStructureViolation('{"a":[1,2,3],"b":{"c":[]}}', limits)).toBeUndefined();
    expect(jsonStructureViolation('[]', limits)).toBeUndefined();
    expect(jsonStructureViolation('"just a string"', limits)).toBeUndefined();
  });

  it('ignores brackets, braces, commas and escaped quotes inside strings', () => {
    expect(jsonStructureViolation('{"a":"[[[[,,,,{{{{","b":"\\",,,[["}', limits)).toBeUndefined();
    expect(jsonStructureViolation('["\\\\",1]', limits)).toBeUndefined();
    expect(jsonStructureViolation('["\\\\",1,2,3]', limits)).toBe(
      'an array in the body has more than 3 entries',
    );
  });

  it('names the bound a body breaks', () => {
    expect(jsonStructureViolation('[[[[]]]]', limits)).toBe('the body nests deeper than 3 levels');
    expect(jsonStructureViolation('{"a":1,"b":2,"c":3}', limits)).toBe(
      'an object in the body has more than 2 keys',
    );
    expect(jsonStructureViolation('{"a":[1,2,3,4]}', limits)).toBe(
      'an array in the body has more than 3 entries',
    );
    expect(jsonStructureViolation('[[1,2,3],[1,2,3],[1,2,3]]', limits)).toBe(
      'the body holds more than 8 values',
    );
  });

  it('counts the entries of each container apart', () => {
    const roomy = { ...limits, maxTotalEntries: 100 };
    expect(jsonStructureViolation('[{"a":1,"b":2},{"a":1,"b":2},[1,2,3]]', roomy)).toBeUndefined();
  });
});
