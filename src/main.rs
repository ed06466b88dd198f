fn main() {
    lastmile_app::start();
}
