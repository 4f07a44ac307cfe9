"""Scoring and results: one answer's score and finding (questions.py), a worksheet's scores and
bands (engine.py), each channel held to its best vendor (verdict.py), in words for the results
page (results.py, results_page.py), platforms matched to stated needs and vendors compared."""
