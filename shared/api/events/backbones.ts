// Push events of the backbone domain; filled in by its issue.
export const backboneEvents = {} as const;
