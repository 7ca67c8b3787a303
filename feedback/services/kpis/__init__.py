"""The KPI register: plans and KPIs, how each is measured, recompute, dashboard and reports.

Modules by job: ``plans`` (a council's plans), ``importing`` and ``spreadsheets``/``workbooks``
(a KPI table from CSV/XLSX, the template), ``readings`` (baselines and targets as ``analysis``
types), ``metrics`` (which answers count), ``editing`` and ``measuring`` (a lead's changes,
audited), ``periods``, ``aggregation`` and ``case_dates`` (counts per period), ``judging`` and
``recompute`` (estimates, verdicts and statuses written back), ``presenting``, ``charts``,
``dashboard`` and ``board_report`` (what pages and exports show), ``demo_plan`` (demo data).
"""
