tech_debt_contract::conformance_tests!(tech_debt_exercise::Wsjf);
