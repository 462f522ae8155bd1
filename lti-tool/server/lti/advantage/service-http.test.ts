import { describe, expect, it } from 'vitest';
import { appendPath, nextLink } from './service-http';

describe('appendPath', () => {
  it('inserts the segment before the query, keeping Moodle’s type_id', () => {
    expect(appendPath('http://lms.test/mod/lti/services.php/2/lineitems/2/lineitem?type_id=1', 'scores')).toBe(
      'http://lms.test/mod/lti/services.php/2/lineitems/2/lineitem/scores?type_id=1',
    );
    expect(appendPath('https://lms.test/ags/items/9/', 'results')).toBe('https://lms.test/ags/items/9/results');
  });
});

describe('nextLink', () => {
  it('reads RFC 8288 headers with several relations', () => {
    expect(nextLink('<https://a.test/m?p=2>; rel="next", <https://a.test/m?p=9>; rel="last"')).toBe(
      'https://a.test/m?p=2',
    );
    expect(nextLink('<https://a.test/m?p=1>; rel="first"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });

  it('reads Moodle’s typographic quotes and &amp; in URLs', () => {
    const header =
      '<http://lms.test/lineitems?type_id=1&amp;from=0&amp;limit=2>; rel=“first”, <http://lms.test/lineitems?type_id=1&amp;from=2&amp;limit=2>; rel=“next”';
    expect(nextLink(header)).toBe('http://lms.test/lineitems?type_id=1&from=2&limit=2');
  });
});
