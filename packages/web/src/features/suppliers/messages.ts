/** UI words of supplier management (供应商管理). */
export const zhCN = {
  'supplier.nav': '供应商',
  'supplier.title': '供应商与支撑合同',
  'supplier.suppliers': '供应商',
  'supplier.newSupplier': '新建供应商',
  'supplier.supplierName': '供应商名称',
  'supplier.contact': '联系方式',
  'supplier.contracts': '支撑合同',
  'supplier.newContract': '新建支撑合同',
  'supplier.contractName': '合同名称',
  'supplier.supplier': '供应商',
  'supplier.exceedsSla': '长于客户 SLA',
};

export const enUS: Record<keyof typeof zhCN, string> = {
  'supplier.nav': 'Suppliers',
  'supplier.title': 'Suppliers and underpinning contracts',
  'supplier.suppliers': 'Suppliers',
  'supplier.newSupplier': 'New supplier',
  'supplier.supplierName': 'Supplier name',
  'supplier.contact': 'Contact',
  'supplier.contracts': 'Underpinning contracts',
  'supplier.newContract': 'New underpinning contract',
  'supplier.contractName': 'Contract name',
  'supplier.supplier': 'Supplier',
  'supplier.exceedsSla': 'Longer than the customer SLA',
};
