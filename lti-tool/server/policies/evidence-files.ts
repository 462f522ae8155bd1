/** Who may download an evidence file: decided from the viewer and the file's owner, nothing else. */
export interface FileOwner {
  tenantId: string;
  personId: string;
  programmeInstanceId: string;
  schoolId: string;
}

export interface Viewer {
  tenantId: string;
  personId: string;
  roles: readonly string[];
  /** For an assessor: the programme and schools their launch course is linked to. */
  review?: { programmeInstanceId: string; schoolIds: readonly string[] } | undefined;
}

/** The owner teacher, or an assessor whose course covers the owner's school in the same programme. Nobody else. */
export function canReadEvidenceFile(viewer: Viewer, owner: FileOwner): boolean {
  if (viewer.tenantId !== owner.tenantId) return false;
  if (viewer.personId === owner.personId) return true;
  const review = viewer.review;
  return (
    viewer.roles.includes('assessor') &&
    review !== undefined &&
    review.programmeInstanceId === owner.programmeInstanceId &&
    review.schoolIds.includes(owner.schoolId)
  );
}
