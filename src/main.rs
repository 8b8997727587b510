//! The web app's entry: mount the root component.

fn main() {
    leptos::mount::mount_to_body(webmqtt::ui::App);
}
