// Methods of the datasets domain; filled in by its issue.
export const datasetsMethods = {} as const;
