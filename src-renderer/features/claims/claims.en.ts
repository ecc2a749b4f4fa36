/** English for the 三包/索赔 area's phrases (claims, old parts, outside service, statements). */
export const CLAIMS_EN = {
  '三包/索赔': 'Warranty claims',
  索赔单: 'Claims',
  旧件: 'Old parts',
  外出服务: 'Outside service',
  服务费结算: 'Service-fee statement',
  索赔设置: 'Claim settings',
};
