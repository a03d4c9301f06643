pub fn run(_: &evidence::DemoConfig) -> evidence::Report { todo!() }
