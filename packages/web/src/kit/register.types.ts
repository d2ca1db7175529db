import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';

/** Every register item has an id; the rest is the register's own API shape. */
export interface RegisterItem {
  id: string;
}

/** One field of a register's form, described as data so RegisterPage draws it. */
export interface RegisterField<I> {
  name: keyof I & string;
  label: ReactNode;
  kind: 'text' | 'textarea' | 'number' | 'checkbox' | 'switch' | 'select' | 'password';
  /** For selects: several values, or free tags as well. */
  mode?: 'multiple' | 'tags';
  required?: boolean;
  maxLength?: number;
  extra?: ReactNode;
  options?: { value: string | number; label: ReactNode }[];
  /** Leave it out of the form (e.g. a right the person does not have). */
  hidden?: boolean;
  testId?: string;
}

export interface RegisterPageProps<T extends RegisterItem, I extends object> {
  /** The register's collection under /api/v1, e.g. `/console/canned-replies`. */
  path: string;
  title: ReactNode;
  intro?: ReactNode;
  columns: ColumnsType<T>;
  fields: RegisterField<I>[];
  /** Prefix of the test ids: `${testId}-new`, the modal `trellis-modal-${testId}`, fields `${testId}-${name}`. */
  testId: string;
  newLabel?: ReactNode;
  defaults?: Partial<I>;
  /** The form's values for an existing item; default: the item itself. */
  toForm?: (item: T) => Partial<I>;
  /** Whether the row shows edit and archive; default: always. */
  canEdit?: (item: T) => boolean;
  canCreate?: boolean;
  archiveConfirm?: ReactNode;
  /** Inside a tab of another page: no card, heading or page title of its own. */
  embedded?: boolean;
  /** Without it the register has no archive button. */
  archivable?: boolean;
}
