/** Service levels: calendars, SLAs, clocks, breaches. */
export const zhCN = {
  'calendar.import_invalid': '无法导入日历文件：{reason}',
  'calendar.no_working_time': '该日历没有工作时间',
  'calendar.holidays_missing': '节假日数据缺失',
  'sla.response_not_in_target': '未在目标时间内响应',
  'sla.resolution_not_in_target': '未在目标时间内解决',
  'ola.exceeded': '支持组超出 OLA 处理时限',
  'sla.metric.response': '响应',
  'sla.metric.resolution': '解决',
  'sla.metric.ola': 'OLA',
} as const;

export const enUS: Record<keyof typeof zhCN, string> = {
  'calendar.import_invalid': 'The calendar file could not be imported: {reason}',
  'calendar.no_working_time': 'The calendar has no working time',
  'calendar.holidays_missing': 'Holiday data missing',
  'sla.response_not_in_target': 'Not responded within target',
  'sla.resolution_not_in_target': 'Not resolved within target',
  'ola.exceeded': 'The support group exceeded its OLA',
  'sla.metric.response': 'Response',
  'sla.metric.resolution': 'Resolution',
  'sla.metric.ola': 'OLA',
};
