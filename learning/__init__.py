"""Twe Let Learning: financial-literacy training for migrants and their households in Myanmar."""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from learning.config import PROJECT_ROOT, Config, load_config


def create_app(config: type[Config] | dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, CLI and error pages."""
    app = Flask(
        __name__,
        static_folder=str(PROJECT_ROOT / "static"),
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.update(load_config(config))
    if app.config["PROXY_FIX_X_FOR"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"], x_proto=1)

    from learning.inputs import register_converters

    register_converters(app)  # before any route: ids in addresses are bounded
    register_extensions(app)
    register_blueprints(app)
    register_cli(app)
    from learning.site.errors import register_error_pages

    register_error_pages(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the database, languages, sign-in, CSRF, rate limits and compression to the app."""
    from learning import db, i18n
    from learning.auth import passwords
    from learning.extensions import babel, compress, csrf, limiter, login_manager
    from learning.households import codes
    from learning.i18n.translations import formatting_locale
    from learning.inputs import register_input_checks
    from learning.site.assets import register_assets
    from learning.site.headers import register_headers

    db.init_app(app)
    passwords.init_app(app)  # argon2 costs from the configuration (cheap in the tests only)
    codes.init_app(app)
    i18n.init_app(app)  # before the other hooks: they may translate
    babel.init_app(app, locale_selector=formatting_locale)
    register_input_checks(app)  # before the CSRF check reads the form
    csrf.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please sign in to open this page.")

    @login_manager.user_loader
    def _load_staff(cookie_id: str):
        from learning.auth.services import load_from_cookie

        return load_from_cookie(db.session, cookie_id)

    from learning.auth.household_session import load_household_session

    app.before_request(load_household_session)
    from learning.db import utcnow

    app.jinja_env.globals["now_utc"] = utcnow
    register_assets(app)
    register_headers(app)


def register_blueprints(app: Flask) -> None:
    """Mount each feature's pages (the route modules are imported here, so that importing a package's services
    never drags in every other package's views)."""
    import learning.admin.routes  # noqa: F401
    import learning.auth.routes  # noqa: F401
    import learning.certificates.routes  # noqa: F401
    import learning.facilitate.certificates  # noqa: F401
    import learning.facilitate.duplicates  # noqa: F401
    import learning.facilitate.groups  # noqa: F401
    import learning.facilitate.import_routes  # noqa: F401
    import learning.facilitate.paper  # noqa: F401
    import learning.facilitate.registration  # noqa: F401
    import learning.facilitate.routes  # noqa: F401
    import learning.facilitate.sessions  # noqa: F401
    import learning.learn.check_routes  # noqa: F401
    import learning.learn.guide_routes  # noqa: F401
    import learning.learn.offline_routes  # noqa: F401
    import learning.learn.present_routes  # noqa: F401
    import learning.learn.progress_routes  # noqa: F401
    import learning.learn.quiz_routes  # noqa: F401
    import learning.learn.routes  # noqa: F401
    import learning.learn.tools_routes  # noqa: F401
    import learning.privacy.routes  # noqa: F401
    import learning.reports.routes  # noqa: F401
    import learning.site.routes  # noqa: F401
    from learning.admin import bp as admin_bp
    from learning.auth import bp as auth_bp
    from learning.auth.household_routes import bp as household_bp
    from learning.certificates import bp as certificates_bp
    from learning.facilitate import bp as facilitate_bp
    from learning.learn import bp as learn_bp
    from learning.privacy import bp as privacy_bp
    from learning.reports import bp as reports_bp
    from learning.site import bp as site_bp

    app.register_blueprint(site_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(household_bp)
    app.register_blueprint(learn_bp)
    app.register_blueprint(facilitate_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(admin_bp)


def register_cli(app: Flask) -> None:
    """Add the flask commands: db, i18n, users, places, demo."""
    from learning.cli import COMMANDS

    for command in COMMANDS:
        app.cli.add_command(command)
