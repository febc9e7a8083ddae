"""The main window: menus, remembered state, files, status bar, banners, exports."""
