import { isCleanText } from './is-clean-text.decorator';

describe('isCleanText', () => {
  it.each([
    ['plain Korean', '김치찌개'],
    ['emoji', 'Chef 🍳 special'],
    ['Arabic letters', 'مطعم'],
  ])('accepts %s', (_label, value) => expect(isCleanText(value)).toBe(true));

  it.each([
    ['RIGHT-TO-LEFT OVERRIDE', 'abc\u202Etxt.exe'],
    ['LEFT-TO-RIGHT EMBEDDING', '\u202Aabc'],
    ['FIRST STRONG ISOLATE', 'a\u2068b'],
    ['POP DIRECTIONAL ISOLATE', 'a\u2069'],
    ['RIGHT-TO-LEFT MARK', 'a\u200Fb'],
    ['ARABIC LETTER MARK', 'a\u061Cb'],
    ['ZERO WIDTH SPACE', 'admin\u200B'],
    ['ZERO WIDTH JOINER', 'a\u200Db'],
    ['WORD JOINER', 'a\u2060b'],
    ['BYTE ORDER MARK', '\uFEFFname'],
  ])('refuses %s', (_label, value) => expect(isCleanText(value)).toBe(false));
});
