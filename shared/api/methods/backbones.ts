// Methods of the backbones domain; filled in by its issue.
export const backbonesMethods = {} as const;
