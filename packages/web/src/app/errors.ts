import { App as AntApp, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { validationIssues } from './api';

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Shows a server error (already translated) as a toast. */
export function useReportError(): (error: unknown) => void {
  const { message } = AntApp.useApp();
  return useCallback((error: unknown) => void message.error(errorText(error)), [message]);
}

/**
 * Puts the issues of a validation error next to the form fields they name; anything that does
 * not map to a field on screen is shown as a toast.
 */
export function useFormErrorHandler(): (form: FormInstance, error: unknown) => void {
  const report = useReportError();
  return useCallback(
    (form: FormInstance, error: unknown) => {
      const issues = validationIssues(error);
      const registered = new Set(Object.keys(form.getFieldsValue() as Record<string, unknown>));
      const mapped = issues.filter((issue) => issue.path.length > 0 && registered.has(String(issue.path[0])));
      if (mapped.length > 0) {
        form.setFields(mapped.map((issue) => ({ name: issue.path as (string | number)[], errors: [issue.message] })));
      }
      if (mapped.length === 0 || mapped.length < issues.length) report(error);
    },
    [report],
  );
}
