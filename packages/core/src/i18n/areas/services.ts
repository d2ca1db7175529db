/** Business services (业务服务): the catalogue, SLAs and categories hang off them. */
export const zhCN = {
  'service.not_found': '找不到该服务',
} as const;

export const enUS: Record<keyof typeof zhCN, string> = {
  'service.not_found': 'The service was not found',
};
