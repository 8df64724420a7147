import { createRunbookHeadingSlugger } from './runbooks';

describe('createRunbookHeadingSlugger', () => {
  it('makes GitHub anchors, numbering repeats within one document', () => {
    const slug = createRunbookHeadingSlugger();
    expect(slug('Database Issues (P0/P1)')).toBe('database-issues-p0p1');
    expect(slug('High memory / slow responses (P1/P2)')).toBe(
      'high-memory--slow-responses-p1p2',
    );
    expect(slug('Diagnose')).toBe('diagnose');
    expect(slug('Diagnose')).toBe('diagnose-1');
    expect(slug('🚨 Escalation')).toBe('-escalation');
    expect(createRunbookHeadingSlugger()('Diagnose')).toBe('diagnose');
  });
});
