/**
 * What each teacher of the large demo county has done, decided by position (no randomness: the same plan on every
 * machine). Schools differ in pace, so the bars, heat map and reminder lists look like a real county.
 */
export interface CountyTeacherPlan {
  school: number;
  name: string;
  email: string;
  subject: string;
  kind: 'none' | 'chosen' | 'submitted' | 'partial' | 'complete';
  abilities: string[];
  hours: { online: number; practice: number };
  work: { abilityCode: string; state: 'draft' | 'submitted' | 'graded'; grade: 'pass' | 'excellent' | null }[];
  daysAgo: number;
}

const TOWNS = ['城关', '东关', '西街', '南湖', '北山', '新华', '解放', '人民', '和平', '红旗', '建设', '光明', '育才'];
const SCHOOL_KINDS = ['小学', '中学', '实验小学', '初级中学'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红'.split('');
const SUBJECTS = [
  '语文',
  '数学',
  '英语',
  '物理',
  '化学',
  '生物',
  '历史',
  '地理',
  '道德与法治',
  '音乐',
  '美术',
  '体育',
  '信息科技',
];
const ENVIRONMENTS = ['multimedia', 'blended', 'smart'] as const;
/** Three abilities over three dimensions per environment (as the small demo county chooses). */
const CHOICES: Record<(typeof ENVIRONMENTS)[number], string[]> = {
  multimedia: ['A1', 'A2', 'A5'],
  blended: ['A1', 'B2', 'B4'],
  smart: ['A1', 'C2', 'C4'],
};

export function countyPlan(schoolCount: number, perSchool: number) {
  const schools = Array.from({ length: schoolCount }, (_, i) => {
    const n = i + 4;
    const town = TOWNS[i % TOWNS.length] ?? '城关';
    const kind = SCHOOL_KINDS[Math.floor(i / TOWNS.length) % SCHOOL_KINDS.length] ?? '小学';
    return {
      code: `DEMO-S${String(n).padStart(2, '0')}`,
      name: `示范县${town}${kind}`,
      environment: ENVIRONMENTS[i % ENVIRONMENTS.length] ?? 'multimedia',
    };
  });
  const teachers: CountyTeacherPlan[] = [];
  for (const [s, school] of schools.entries()) {
    const pace = (s * 7) % 10; // 0 (slow) … 9 (ahead)
    // The last school is a 示范校 under the Henan rule: every teacher's research results graded 优秀 (full marks).
    const model = s === schoolCount - 1;
    for (let t = 0; t < perSchool; t++) {
      const n = s * perSchool + t;
      const p = (t * 37 + s * 11) % 100;
      const kind: CountyTeacherPlan['kind'] = model
        ? 'complete'
        : p < 14 - pace
          ? 'none'
          : p < 40 - pace * 2
            ? 'chosen'
            : p < 58 - pace * 2
              ? 'submitted'
              : p < 72 - pace
                ? 'partial'
                : 'complete';
      const codes = CHOICES[school.environment];
      const grade = (k: number): 'pass' | 'excellent' => (model || (n + k) % 4 === 0 ? 'excellent' : 'pass');
      const work: CountyTeacherPlan['work'] =
        kind === 'submitted'
          ? [
              { abilityCode: codes[0]!, state: 'submitted', grade: null },
              { abilityCode: codes[1]!, state: 'draft', grade: null },
            ]
          : kind === 'partial'
            ? [
                { abilityCode: codes[0]!, state: 'graded', grade: grade(0) },
                { abilityCode: codes[1]!, state: 'graded', grade: grade(1) },
                { abilityCode: codes[2]!, state: 'submitted', grade: null },
              ]
            : kind === 'complete'
              ? codes.map((abilityCode, k) => ({
                  abilityCode,
                  state: 'graded' as const,
                  grade: n % 3 === 0 ? 'excellent' : grade(k),
                }))
              : [];
      const hours =
        kind === 'none'
          ? { online: 0, practice: 0 }
          : kind === 'chosen'
            ? { online: 5 + (n % 20), practice: 0 }
            : kind === 'submitted'
              ? { online: 20 + (n % 6), practice: 6 }
              : kind === 'partial'
                ? { online: 25, practice: 25 }
                : { online: 25, practice: 25 };
      teachers.push({
        school: s,
        name: `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 7) % GIVEN.length]}${n % 3 === 0 ? GIVEN[(n * 11) % GIVEN.length] : ''}`,
        email: `demo-county-${String(n + 1).padStart(4, '0')}@demo.example.cn`,
        subject: SUBJECTS[n % SUBJECTS.length] ?? '语文',
        kind,
        abilities: kind === 'none' ? [] : codes,
        hours,
        work,
        daysAgo: (n * 13) % 75,
      });
    }
  }
  return { schools, teachers };
}
