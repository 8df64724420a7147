export { CatalogEntityPicker } from './CatalogEntityPicker';
export type { CatalogEntityPickerProps } from './CatalogEntityPicker';
