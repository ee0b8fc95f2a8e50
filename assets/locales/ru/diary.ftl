# Дневник ученика и родителя, успеваемость класса, посещаемость за день.
diary-title = Дневник
diary-children = Дети
diary-periods = Учебные периоды
diary-weeks = Недели
diary-days = Дни
diary-all-marks = Все отметки за период
diary-week-prev = Предыдущая неделя
diary-week-next = Следующая неделя
diary-week-this = К текущей неделе
diary-today = сегодня
diary-no-lessons = Уроков нет.
diary-weekday-1 = Понедельник
diary-weekday-2 = Вторник
diary-weekday-3 = Среда
diary-weekday-4 = Четверг
diary-weekday-5 = Пятница
diary-weekday-6 = Суббота
diary-weekday-7 = Воскресенье
diary-state-substituted = замена
diary-state-added = перенос
diary-state-cancelled = отменён
diary-state-unplanned = вне расписания
diary-room-prefix = каб.
diary-due-prefix = к
diary-weight-prefix = вес
diary-topic = Тема
diary-homework-due = Домашнее задание
diary-homework-given = Задано
diary-file = файл
diary-mark = Отметка
diary-summary = Итоги
diary-period-closed = закрыт
diary-no-subjects = Предметов пока нет.
diary-subject = Предмет
diary-average = Средний балл
diary-period-mark = За период
diary-needs = Что нужно
diary-no-marks = отметок пока нет
diary-needs-none = средний балл уже на «5»
diary-needs-five = { $n ->
    [one] для «5» нужна ещё { $n } пятёрка
    [few] для «5» нужно ещё { $n } пятёрки
   *[other] для «5» нужно ещё { $n } пятёрок
}
diary-needs-four = { $n ->
    [one] для «4» нужна ещё { $n } пятёрка
    [few] для «4» нужно ещё { $n } пятёрки
   *[other] для «4» нужно ещё { $n } пятёрок
}
diary-duties = Не сдано (точки)
diary-no-duties = Долгов нет.
diary-marks-title = Отметки
diary-marks = Отметки
diary-marks-hint = Наведите на отметку или нажмите на неё, чтобы увидеть дату, тип задания, вес и комментарий. Средний балл — взвешенный.
diary-no-periods = Учебные периоды ещё не заданы.
diary-final-year = Год
diary-final-exam = Экзамен
diary-final-final = Итог
diary-progress-title = Успеваемость { $class }
diary-progress-short = Успеваемость
diary-student = Ученик
diary-class-average = Средний по классу
diary-journal = журнал
diary-no-students = В классе нет учеников.
diary-risk-none = Учеников в зоне риска нет.
diary-risk-count = { $n ->
    [one] В зоне риска { $n } ученик
    [few] В зоне риска { $n } ученика
   *[other] В зоне риска { $n } учеников
}
diary-risk-legend = — зона риска: средний балл ниже 2,6 или «2» за период
diary-progress-legend = В ячейке — взвешенный средний балл и отметка за период. Средний ученика — по предметам, средний по классу — по ученикам.
diary-day-title = Посещаемость { $class }
diary-day-title-short = Посещаемость
diary-day-prev = Предыдущий день
diary-day-next = Следующий день
diary-day-pick = День
diary-day-show = Показать
diary-day-legend = Коды: ОТ — отсутствовал, Б — по болезни, УП — по уважительной причине, НП — по неуважительной, ОП — опоздал, ОСВ — освобождён. Серая клетка — урок не этого ученика (урок подгруппы).
diary-not-their-lesson = урок другой подгруппы
diary-code-ill = по болезни
diary-code-excused = по уважительной причине
diary-code-unexcused = по неуважительной причине
diary-code-absent = отсутствовал
diary-code-late = опоздал
diary-code-exempt = освобождён
diary-reason-title = Указать причину пропуска
diary-reason-choose = — выберите ученика —
diary-reason-code = Причина
diary-reason-from = С
diary-reason-to = По
diary-reason-to-hint = Пусто — только один день.
diary-reason-lesson = Урок
diary-reason-all-lessons = все уроки дня
diary-reason-lesson-n = { $n } урок
diary-reason-fill = Отметить отсутствие на всех уроках этих дней
diary-reason-hint = Причина ставится на уже отмеченные пропуски. С флажком отсутствие отмечается и на уроках без отметки — только по сегодняшний день.
diary-reason-save = Сохранить причину
diary-reason-closed-day = Этот день в закрытом периоде: причину изменить нельзя.
diary-reason-done = { $n ->
    [one] Причина указана для { $n } урока.
    [few] Причина указана для { $n } уроков.
   *[other] Причина указана для { $n } уроков.
}
diary-reason-nothing = Пропусков в эти дни не найдено: ничего не изменено.
diary-reason-student-required = Выберите ученика.
diary-reason-code-invalid = Выберите причину: Б, УП или НП.
diary-reason-date-invalid = Укажите дату (ГГГГ-ММ-ДД).
diary-reason-to-before-from = Дата «по» не может быть раньше даты «с».
diary-reason-too-long = Не больше 31 дня за раз.
diary-reason-lesson-invalid = Номер урока — от 0 до 9.
diary-reason-not-in-class = Этот ученик не числится в классе в эти дни.
diary-reason-year-closed = Учебный год закрыт: изменения невозможны.
diary-reason-outside-year = Даты должны быть внутри учебного года.
diary-reason-period-closed = Эти дни попадают в закрытый учебный период: изменения невозможны.
