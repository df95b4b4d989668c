// Push events of the dataset domain; filled in by its issue.
export const datasetEvents = {} as const;
