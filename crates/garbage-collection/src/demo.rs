pub fn run(_c: &evidence::DemoConfig) -> evidence::Report { todo!() }
