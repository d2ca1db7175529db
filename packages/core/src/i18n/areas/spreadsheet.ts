/** Spreadsheet imports (Excel 导入), whichever module imports: refusals of a file. */
export const zhCN = {
  'spreadsheet.invalid': '无法读取该文件，请上传 Excel 工作簿（.xlsx），例如下载的模板',
  'spreadsheet.too_large': '该工作簿解压后超过 {max} MB 的上限，请拆分后分批导入',
  'spreadsheet.too_many_rows': '该表格超过 {max} 行的上限，请拆分后分批导入',
  'spreadsheet.timeout': '该工作簿未能在 {seconds} 秒内读完，请拆分后分批导入',
} as const;

export const enUS: Record<keyof typeof zhCN, string> = {
  'spreadsheet.invalid': 'The file cannot be read; upload an Excel workbook (.xlsx), such as the downloaded template',
  'spreadsheet.too_large': 'The workbook unpacks to more than {max} MB; split it and import it in parts',
  'spreadsheet.too_many_rows': 'The sheet has more than {max} rows; split it and import it in parts',
  'spreadsheet.timeout': 'The workbook could not be read within {seconds} seconds; split it and import it in parts',
};
