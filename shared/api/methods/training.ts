// Methods of the training domain; filled in by its issue.
export const trainingMethods = {} as const;
