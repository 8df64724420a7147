export { FormDialogActions } from './FormDialogActions';
export type { FormDialogActionsProps } from './FormDialogActions';
