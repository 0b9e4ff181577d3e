import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../src/csv';

describe('csvCell', () => {
  it('writes plain text, numbers, booleans and empty values as they are', () => {
    expect(csvCell('Zażółć gęślą jaźń')).toBe('Zażółć gęślą jaźń');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('quotes fields with commas, quotes and line breaks, doubling the quotes (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('line\r\nbreak')).toBe('"line\r\nbreak"');
  });

  it('makes text that a spreadsheet would run as a formula inert with a leading apostrophe', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+48 600 000 000')).toBe("'+48 600 000 000");
    expect(csvCell('-minus')).toBe("'-minus");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('a=b')).toBe('a=b');
  });
});

describe('toCsv', () => {
  it('starts with a byte-order mark and ends every record with CRLF', () => {
    const csv = toCsv(
      ['name', 'score'],
      [
        ['Ala', 3],
        ['Olek, Jr.', null],
      ],
    );
    expect(csv).toBe('\uFEFFname,score\r\nAla,3\r\n"Olek, Jr.",\r\n');
  });

  it('writes only the header when there are no rows', () => {
    expect(toCsv(['a', 'b'], [])).toBe('\uFEFFa,b\r\n');
  });
});

describe('toCsv with a separator', () => {
  it('joins with ";" and quotes fields holding either separator', () => {
    expect(toCsv(['a', 'b'], [['x;y', 'p,q']], ';')).toBe('\uFEFFa;b\r\n"x;y";"p,q"\r\n');
  });
});
