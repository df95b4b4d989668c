// Push events of the training domain; filled in by its issue.
export const trainingEvents = {} as const;
