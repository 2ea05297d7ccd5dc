/** QuPath's object types, apart from the writer so the command can check `--qupath-object` without loading it. */
export const QUPATH_OBJECT_TYPES = ['detection', 'annotation', 'cell'] as const;
export type QupathObjectType = (typeof QUPATH_OBJECT_TYPES)[number];
