//! The orders API's authorization policy: authentication, then the role on the route,
//! then the object.

pub use api_security_contract::{Access, Caller, Policy, Role, Route};

/// The policy the service enforces on every request.
///
/// 1. No caller: [`Access::Unauthenticated`] (401).
/// 2. The caller's role is not among [`Route::roles`]: [`Access::Forbidden`] (403).
///    This is function-level authorization (OWASP API5).
/// 3. The route names an order: a missing order, or a customer's request for an order
///    they do not own, is [`Access::NotFound`] (404). This is object-level authorization
///    (OWASP API1); answering 404 rather than 403 keeps foreign ids indistinguishable
///    from missing ones. Support and admins see every order.
///
/// ```
/// use api_security::{Access, Caller, OrderPolicy, Policy, Role, Route};
///
/// let bob = Caller { user: 2, role: Role::Customer };
/// assert_eq!(OrderPolicy::decide(Some(bob), Route::ReadOrder, Some(1)), Access::NotFound);
/// assert_eq!(OrderPolicy::decide(Some(bob), Route::ReadOrder, Some(2)), Access::Allow);
/// assert_eq!(OrderPolicy::decide(Some(bob), Route::ListUsers, None), Access::Forbidden);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct OrderPolicy;

impl Policy for OrderPolicy {
    fn decide(caller: Option<Caller>, route: Route, order_owner: Option<u64>) -> Access {
        let Some(caller) = caller else {
            return Access::Unauthenticated;
        };
        if !route.roles().contains(&caller.role) {
            return Access::Forbidden;
        }
        if route.names_an_order() {
            match order_owner {
                None => return Access::NotFound,
                Some(owner) if caller.role == Role::Customer && owner != caller.user => {
                    return Access::NotFound;
                }
                Some(_) => {}
            }
        }
        Access::Allow
    }
}
