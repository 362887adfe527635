// features/rules: every detection rule with its source and state, switching rules on or off, writing API rules
// (YAML or JSON, the API's problems by line), and dry runs.
export { RulesScreen } from "./components/RulesScreen";
export { RuleDetailScreen } from "./components/RuleDetailScreen";
