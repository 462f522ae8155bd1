/**
 * In-memory "Moodle database" of the simulator. Ids follow Moodle's sequences so that a setup mirroring the
 * recorded fixtures yields the same numbers: every course owns a course-total grade item and a news forum,
 * so with one course the first activity is cmid 2 and its grade item (line item) id 2.
 */
import type { AgsMode, CourseRole } from './types';
import { compareIds, randomAlnum } from './util';

export interface ToolRecord {
  typeId: number;
  deploymentId: string;
  clientId: string;
  name: string;
  description: string;
  loginUrl: string;
  redirectUris: string[];
  jwksUrl: string;
  targetLinkUri: string;
  deepLinkingUrl?: string;
  customParameters: Record<string, string>;
  ags: AgsMode;
  nrps: boolean;
  toolSettings: boolean;
  acceptGrades: boolean;
  shareName: boolean;
  shareEmail: boolean;
  launchContainer: 'window' | 'embed';
  /** Dynamic registrations start pending (`lti_types.state = 2`). */
  status: 'active' | 'pending';
  domain?: string;
}

export interface CourseRecord {
  id: string;
  label: string;
  title: string;
  idnumber: string;
}

export interface UserRecord {
  id: string;
  name: string;
  given_name: string;
  family_name: string;
  email: string;
  username: string;
  lang: string;
  idnumber: string;
}

export interface LinkRecord {
  id: string;
  cmid: number;
  courseId: string;
  typeId: number;
  title: string;
  description: string;
  custom: Record<string, string>;
  url?: string;
  /** Moodle's per-instance salt for the Basic Outcomes sourcedid hash. */
  serviceSalt: string;
}

export interface LineItemRecord {
  id: number;
  courseId: string;
  typeId: number;
  label: string;
  scoreMaximum: number;
  resourceId: string;
  tag: string;
  resourceLinkId?: string;
  /** The activity's own grade item (created with the link), as opposed to one created through AGS. */
  coupled: boolean;
}

export interface GradeRecord {
  userId: string;
  /** Rescaled to the line item maximum; null when cleared by a non-FullyGraded score. */
  finalGrade: number | null;
  /** Whole seconds, like Moodle's `grade_grades.timemodified`. */
  timeModified: number;
  comment?: string;
  activityProgress: string;
  gradingProgress: string;
}

export interface PendingLaunch {
  launchId: string;
  typeId: number;
  userId: string;
  courseId: string;
  messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  resourceLinkId?: string;
  targetLinkUri: string;
  title?: string;
  text?: string;
}

export interface AccessTokenRecord {
  token: string;
  typeId: number;
  scopes: string[];
  expiresAt: number;
}

/** Thrown for misuse of the simulator API by a test (not an HTTP error). */
export class SimulatorSetupError extends Error {}

export class PlatformState {
  readonly tools = new Map<number, ToolRecord>();
  readonly courses = new Map<string, CourseRecord>();
  readonly users = new Map<string, UserRecord>();
  /** courseId → userId → role */
  readonly enrolments = new Map<string, Map<string, CourseRole>>();
  readonly admins = new Set<string>();
  readonly links = new Map<string, LinkRecord>();
  readonly lineItems = new Map<number, LineItemRecord>();
  /** lineItemId → userId → grade */
  readonly grades = new Map<number, Map<string, GradeRecord>>();
  readonly pendingLaunches = new Map<string, PendingLaunch>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  /** jti → exp (seconds) of client assertions already used at the token endpoint. */
  readonly usedAssertionIds = new Map<string, number>();
  /** Nonces of deep-linking responses already accepted. */
  readonly usedDeepLinkNonces = new Set<string>();
  private readonly sesskeys = new Map<string, string>();
  private typeSeq = 0;
  private gradeItemSeq = 0;
  private cmidSeq = 0;

  nextTypeId(): number {
    return ++this.typeSeq;
  }

  nextGradeItemId(): number {
    return ++this.gradeItemSeq;
  }

  nextCmid(): number {
    return ++this.cmidSeq;
  }

  /** Next lti instance id (for activities created by deep linking). */
  nextInstanceId(): string {
    let max = 0;
    for (const id of this.links.keys()) max = Math.max(max, Number(id) || 0);
    return String(max + 1);
  }

  addCourse(course: CourseRecord): void {
    if (this.courses.has(course.id)) throw new SimulatorSetupError(`course ${course.id} exists`);
    this.courses.set(course.id, course);
    this.enrolments.set(course.id, new Map());
    this.nextGradeItemId(); // course total grade item
    this.nextCmid(); // the course's announcements forum
  }

  toolByClientId(clientId: string): ToolRecord | undefined {
    for (const tool of this.tools.values()) if (tool.clientId === clientId) return tool;
    return undefined;
  }

  requireTool(clientId: string): ToolRecord {
    const tool = this.toolByClientId(clientId);
    if (!tool) throw new SimulatorSetupError(`no tool with client id ${clientId}`);
    return tool;
  }

  requireCourse(id: string): CourseRecord {
    const course = this.courses.get(id);
    if (!course) throw new SimulatorSetupError(`no course ${id}`);
    return course;
  }

  requireUser(id: string): UserRecord {
    const user = this.users.get(id);
    if (!user) throw new SimulatorSetupError(`no user ${id}`);
    return user;
  }

  role(courseId: string, userId: string): CourseRole | undefined {
    return this.enrolments.get(courseId)?.get(userId);
  }

  /** Moodle's `moodle/course:manageactivities` holders: editing teachers and site admins. */
  canManage(courseId: string, userId: string): boolean {
    return this.role(courseId, userId) === 'Instructor' || this.admins.has(userId);
  }

  /** `is_user_gradable_in_course`: enrolled with a gradebook role (student). Teachers and admins are not. */
  isGradable(courseId: string, userId: string): boolean {
    return this.role(courseId, userId) === 'Learner';
  }

  /** Enrolled users ordered like `get_enrolled_users()`: last name, first name, id. */
  enrolledUsers(courseId: string): UserRecord[] {
    const ids = [...(this.enrolments.get(courseId)?.keys() ?? [])];
    return ids
      .map((id) => this.requireUser(id))
      .sort(
        (a, b) =>
          a.family_name.localeCompare(b.family_name) ||
          a.given_name.localeCompare(b.given_name) ||
          compareIds(a.id, b.id),
      );
  }

  linksOf(courseId: string, typeId: number): LinkRecord[] {
    return [...this.links.values()].filter((l) => l.courseId === courseId && l.typeId === typeId);
  }

  /** Line items of a course visible to a tool, in grade item id order. */
  lineItemsOf(courseId: string, typeId: number): LineItemRecord[] {
    return [...this.lineItems.values()]
      .filter((li) => li.courseId === courseId && li.typeId === typeId)
      .sort((a, b) => a.id - b.id);
  }

  /** The line item Moodle puts in the launch's `lineitem`: only when exactly one is bound to the link. */
  launchLineItem(link: LinkRecord): LineItemRecord | undefined {
    const bound = [...this.lineItems.values()].filter(
      (li) => li.courseId === link.courseId && li.resourceLinkId === link.id,
    );
    return bound.length === 1 ? bound[0] : undefined;
  }

  gradesOf(lineItemId: number): Map<string, GradeRecord> {
    let grades = this.grades.get(lineItemId);
    if (!grades) {
      grades = new Map();
      this.grades.set(lineItemId, grades);
    }
    return grades;
  }

  /** One Moodle session key per user, as if each user kept one logged-in session. */
  sesskeyFor(userId: string): string {
    let key = this.sesskeys.get(userId);
    if (!key) {
      key = randomAlnum(10);
      this.sesskeys.set(userId, key);
    }
    return key;
  }

  userBySesskey(sesskey: string): string | undefined {
    for (const [userId, key] of this.sesskeys) if (key === sesskey) return userId;
    return undefined;
  }
}
