/** A file that cannot be read as a sheet at all (not a row's content): the import refuses it with this reason. */
export class UnreadableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}
