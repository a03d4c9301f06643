//! The vocabulary of the authorization policy: roles, callers, routes, decisions, and the
//! authorization matrix as a table (the policy's oracle).

use std::fmt;

/// What a caller is allowed to do, by kind of account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Places, reads and deletes their own orders.
    Customer,
    /// Reads every order to help customers; changes nothing.
    Support,
    /// Everything, including the user list.
    Admin,
}

impl Role {
    /// Every role, in the matrix's order.
    pub const ALL: [Role; 3] = [Role::Customer, Role::Support, Role::Admin];

    /// The role's name as tokens and API keys carry it.
    ///
    /// ```
    /// use api_security_contract::Role;
    /// assert_eq!(Role::Support.name(), "support");
    /// assert_eq!(Role::parse("admin"), Some(Role::Admin));
    /// assert_eq!(Role::parse("root"), None);
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Support => "support",
            Role::Admin => "admin",
        }
    }

    /// The role named `name`, if there is one.
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// An authenticated caller: the user id the credentials proved, and the role they carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Caller {
    /// The user's id (orders store their owner's id).
    pub user: u64,
    /// The user's role.
    pub role: Role,
}

/// The routes of the orders API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    /// `GET /orders`: the caller's orders (every order for support and admins).
    ListOrders,
    /// `GET /orders/{id}`: one order.
    ReadOrder,
    /// `POST /orders`: place an order, owned by the caller.
    CreateOrder,
    /// `DELETE /orders/{id}`: cancel one order.
    DeleteOrder,
    /// `GET /admin/users`: the user list.
    ListUsers,
}

impl Route {
    /// Every route, in the matrix's order.
    pub const ALL: [Route; 5] = [
        Route::ListOrders,
        Route::ReadOrder,
        Route::CreateOrder,
        Route::DeleteOrder,
        Route::ListUsers,
    ];

    /// The method and path pattern, as the matrix prints them.
    ///
    /// ```
    /// use api_security_contract::Route;
    /// assert_eq!(Route::DeleteOrder.to_string(), "DELETE /orders/{id}");
    /// ```
    pub fn method_and_path(self) -> (&'static str, &'static str) {
        match self {
            Route::ListOrders => ("GET", "/orders"),
            Route::ReadOrder => ("GET", "/orders/{id}"),
            Route::CreateOrder => ("POST", "/orders"),
            Route::DeleteOrder => ("DELETE", "/orders/{id}"),
            Route::ListUsers => ("GET", "/admin/users"),
        }
    }

    /// Whether the route names one order, so the object check applies.
    pub fn names_an_order(self) -> bool {
        matches!(self, Route::ReadOrder | Route::DeleteOrder)
    }

    /// The roles that may use the route at all (the function-level check); object-level
    /// checks come after.
    pub fn roles(self) -> &'static [Role] {
        match self {
            Route::ListOrders | Route::ReadOrder => &[Role::Customer, Role::Support, Role::Admin],
            Route::CreateOrder | Route::DeleteOrder => &[Role::Customer, Role::Admin],
            Route::ListUsers => &[Role::Admin],
        }
    }

    /// The status of a success: 201 for a creation, 204 for a deletion, else 200.
    pub fn success_status(self) -> u16 {
        match self {
            Route::CreateOrder => 201,
            Route::DeleteOrder => 204,
            _ => 200,
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (method, path) = self.method_and_path();
        write!(f, "{method} {path}")
    }
}

/// A policy's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    /// Go ahead.
    Allow,
    /// No valid credentials: 401, with `WWW-Authenticate`.
    Unauthenticated,
    /// Authenticated, but the role may not use this route: 403.
    Forbidden,
    /// The order does not exist or is not the caller's to see: 404 either way, so ids
    /// cannot be probed.
    NotFound,
}

impl Access {
    /// The HTTP status the decision becomes on `route`.
    ///
    /// ```
    /// use api_security_contract::{Access, Route};
    /// assert_eq!(Access::Allow.status(Route::CreateOrder), 201);
    /// assert_eq!(Access::NotFound.status(Route::ReadOrder), 404);
    /// ```
    pub fn status(self, route: Route) -> u16 {
        match self {
            Access::Allow => route.success_status(),
            Access::Unauthenticated => 401,
            Access::Forbidden => 403,
            Access::NotFound => 404,
        }
    }
}

/// The callers the authorization matrix walks: its columns. The order in question
/// belongs to user 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// No credentials, or invalid ones.
    Anonymous,
    /// Customer 1, who owns the order.
    Owner,
    /// Customer 2, who does not.
    OtherCustomer,
    /// Support agent 3.
    Support,
    /// Admin 4.
    Admin,
}

impl Column {
    /// Every column, in the matrix's order.
    pub const ALL: [Column; 5] = [
        Column::Anonymous,
        Column::Owner,
        Column::OtherCustomer,
        Column::Support,
        Column::Admin,
    ];

    /// The owner of the order the matrix asks about.
    pub const ORDER_OWNER: u64 = 1;

    /// The caller this column stands for.
    pub fn caller(self) -> Option<Caller> {
        let (user, role) = match self {
            Column::Anonymous => return None,
            Column::Owner => (1, Role::Customer),
            Column::OtherCustomer => (2, Role::Customer),
            Column::Support => (3, Role::Support),
            Column::Admin => (4, Role::Admin),
        };
        Some(Caller { user, role })
    }

    /// The column's heading.
    pub fn name(self) -> &'static str {
        match self {
            Column::Anonymous => "anonymous",
            Column::Owner => "customer (owner)",
            Column::OtherCustomer => "customer (not owner)",
            Column::Support => "support",
            Column::Admin => "admin",
        }
    }
}

/// The authorization matrix, written out cell by cell: what `column` gets on `route`
/// when the order named (if any) exists and belongs to user 1.
///
/// This is the policy's oracle: a table a reviewer can read line by line, against which
/// the code's logic is checked.
///
/// ```
/// use api_security_contract::{Access, Column, Route, expected_access};
/// assert_eq!(expected_access(Column::OtherCustomer, Route::ReadOrder), Access::NotFound);
/// assert_eq!(expected_access(Column::Support, Route::DeleteOrder), Access::Forbidden);
/// ```
pub fn expected_access(column: Column, route: Route) -> Access {
    use Access::{Allow as A, Forbidden as F, NotFound as N, Unauthenticated as U};
    // Columns: anonymous, owner, another customer, support, admin.
    let row: [Access; 5] = match route {
        Route::ListOrders => [U, A, A, A, A],
        Route::ReadOrder => [U, A, N, A, A],
        Route::CreateOrder => [U, A, A, F, A],
        Route::DeleteOrder => [U, A, N, F, A],
        Route::ListUsers => [U, F, F, F, A],
    };
    let index = Column::ALL
        .iter()
        .position(|c| *c == column)
        .expect("every column is in Column::ALL");
    row[index]
}
